import { taxContract } from '@dawa/plugin-sdk/testing';
import vat from '../src/index.js';
import { BUYER_PIN, config, tenant } from './fixtures.js';

const shelf = [
  { description: 'Amoxil 500 Capsule', commodityCode: '0039.11.00', itemCode: 'KE1NTXU0000001', taxClass: 'VAT_A_EXEMPT', unit: 'capsule' },
  { description: 'Hand sanitiser', commodityCode: '5059690800', taxClass: 'VAT_B_16', unit: 'ml' },
  { description: 'Infant formula', taxClass: 'VAT_C_ZERO', unit: 'g' },
  { description: 'Delivery fee', taxClass: 'VAT_D_NON_VAT', unit: 'piece' },
  { description: 'Item at 8 %', taxClass: 'VAT_E_8', unit: 'piece' },
];

taxContract(vat, {
  tenant,
  config,
  scenarios: [
    { name: 'counter sale in Nairobi', request: { date: '2026-03-14', seller: { region: 'Nairobi' } }, lines: shelf },
    {
      name: 'sale to a registered clinic',
      request: { date: '2026-07-01', seller: { region: 'Nairobi' }, buyer: { name: 'Uzima Clinic', taxId: BUYER_PIN } },
      lines: shelf,
    },
  ],
});
