import { mount } from '../../components/mount.tsx';
import { InventoryPage } from '../../components/inventory/InventoryPage.tsx';

mount(<InventoryPage />);
