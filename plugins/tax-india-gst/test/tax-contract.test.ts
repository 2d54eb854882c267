import { taxContract } from '@dawa/plugin-sdk/testing';
import gst from '../src/index.js';
import { BUYER_GSTIN_KA, config, tenant } from './fixtures.js';

const medicines = [
  { description: 'Dolo 650 Tablet', commodityCode: '30049099', taxClass: 'GST_HSN', unit: 'tablet' },
  { description: 'Betadine Solution', commodityCode: '3003', taxClass: 'GST_HSN', unit: 'ml' },
  { description: 'Crepe Bandage', commodityCode: '3005', taxClass: 'GST_HSN', unit: 'piece' },
  { description: 'Imatinib 400 Tablet', commodityCode: '3004', taxClass: 'GST_LIFESAVING', unit: 'tablet' },
  { description: 'Condom', commodityCode: '4014', taxClass: 'GST_0', unit: 'piece' },
  { description: 'Protein powder', commodityCode: '2106', taxClass: 'GST_18', unit: 'g' },
  { description: 'Human albumin', commodityCode: '3002', taxClass: 'GST_EXEMPT', unit: 'vial' },
];

taxContract(gst, {
  tenant,
  config,
  scenarios: [
    { name: 'counter sale in Mumbai after GST 2.0', request: { date: '2025-11-03', seller: { region: 'MH' } }, lines: medicines },
    { name: 'counter sale in Mumbai before GST 2.0', request: { date: '2025-09-21', seller: { region: 'MH' } }, lines: medicines },
    {
      name: 'delivery from Mumbai to a Bengaluru clinic',
      request: { date: '2025-10-15', seller: { region: 'MH' }, placeOfSupply: 'KA', buyer: { name: 'Care Clinic', taxId: BUYER_GSTIN_KA } },
      lines: medicines,
    },
    { name: 'counter sale in Chandigarh (UTGST)', request: { date: '2026-01-10', seller: { region: 'CH' } }, lines: medicines.slice(0, 3) },
  ],
});
