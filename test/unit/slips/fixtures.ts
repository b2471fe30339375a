import type { HoldSlipInput } from '#shared/slips/hold-slip';
import type { PatronReceiptInput } from '#shared/slips/patron-receipt';
import { DEFAULT_POLICY } from '#shared/domain/policy';

export const STUST = { code: 'STUST', nameZh: '南臺科技大學', nameEn: 'Southern Taiwan University of Science and Technology' };
export const NTTU = { code: 'NTTU', nameZh: '國立臺東專科學校', nameEn: 'National Taitung Junior College' };

export const HOLD: HoldSlipInput = {
  library: STUST,
  patronName: '王小明',
  cardNumber: '2000100056789',
  title: '閱讀的力量：圖書館與社會',
  itemBarcode: '31234000123456',
  shelfSpot: '789',
  pickupBy: '2025-03-11',
  shelvedOn: '2025-03-04',
  parts: 1,
  ownerLibrary: NTTU,
};

export const RECEIPT: PatronReceiptInput = {
  library: STUST,
  at: '2025-03-04T02:30:00.000Z',
  patronName: '陳美玲',
  cardNumber: '2000100012345',
  checkouts: [{ title: '台灣史綱', barcode: '31234000000011', dueDate: '2025-04-01' }],
  returns: [
    { title: '資料結構', barcode: '31234000000022', overdueDays: 3, fine: 15 },
    { title: 'Clean Code', barcode: '31234000000033' },
  ],
  loanCount: 3,
  finesOwed: 40,
  policy: DEFAULT_POLICY,
  hours: '週一至週六 08:00–21:00',
};
