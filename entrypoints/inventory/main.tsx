import { mount } from '../../components/mount.tsx';
import { InventoryPage } from '../../components/inventory/InventoryPage.tsx';
import { openInventoryDb } from '../../components/inventory/data.ts';

openInventoryDb();
mount(<InventoryPage />);
