import { mount } from '../../components/mount.tsx';
import { OptionsPage } from '../../components/options/OptionsPage.tsx';

mount(<OptionsPage />);
