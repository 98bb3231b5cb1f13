import { mount } from '../../components/mount.tsx';
import { PopupPage } from '../../components/popup/PopupPage.tsx';

mount(<PopupPage />);
