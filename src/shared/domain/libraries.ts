// The member libraries of the Southern Library Resource Sharing Consortium
// (南區圖書資源共享聯盟, SLRSC) as the seed document lists them, grouped by
// region. Codes are stable identifiers used everywhere (records, barcodes,
// routing labels); ISIL-style identifiers use the country prefix TW-.
//
// The seed's list has 34 entries but names 育英醫護管理專科學校 twice (two
// lines of the Kaohsiung column), so it names 33 distinct schools. We do not
// invent a 34th member: administrators add libraries through the admin API.

export type Region = 'penghu' | 'chiayi' | 'tainan' | 'kaohsiung' | 'pingtung' | 'taitung';

export interface MemberLibrarySeed {
  readonly code: string;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly region: Region;
}

export const SEED_MEMBERS: readonly MemberLibrarySeed[] = [
  { code: 'NPU', nameZh: '澎湖科技大學', nameEn: 'National Penghu University of Science and Technology', region: 'penghu' },
  { code: 'WFU', nameZh: '吳鳳科技大學', nameEn: 'WuFeng University', region: 'chiayi' },
  { code: 'HWU', nameZh: '中華醫事科技大學', nameEn: 'Chung Hwa University of Medical Technology', region: 'tainan' },
  { code: 'STUST', nameZh: '南臺科技大學', nameEn: 'Southern Taiwan University of Science and Technology', region: 'tainan' },
  { code: 'KSU', nameZh: '崑山科技大學', nameEn: 'Kun Shan University', region: 'tainan' },
  { code: 'FEU', nameZh: '遠東科技大學', nameEn: 'Far East University', region: 'tainan' },
  { code: 'CNU', nameZh: '嘉南藥理大學', nameEn: 'Chia Nan University of Pharmacy and Science', region: 'tainan' },
  { code: 'NTIN', nameZh: '國立臺南護理專科學校', nameEn: 'National Tainan Junior College of Nursing', region: 'tainan' },
  { code: 'MHCHCM', nameZh: '敏惠醫護管理專科學校', nameEn: 'Min-Hwei Junior College of Health Care Management', region: 'tainan' },
  { code: 'WZU', nameZh: '文藻外語大學', nameEn: 'Wenzao Ursuline University of Languages', region: 'kaohsiung' },
  { code: 'USCKH', nameZh: '實踐大學高雄校區', nameEn: 'Shih Chien University Kaohsiung Campus', region: 'kaohsiung' },
  { code: 'CSU', nameZh: '正修科技大學', nameEn: 'Cheng Shiu University', region: 'kaohsiung' },
  { code: 'FYU', nameZh: '輔英科技大學', nameEn: 'Fooyin University', region: 'kaohsiung' },
  { code: 'TFDU', nameZh: '東方設計大學', nameEn: 'Tung Fang Design University', region: 'kaohsiung' },
  { code: 'STU', nameZh: '樹德科技大學', nameEn: 'Shu-Te University', region: 'kaohsiung' },
  { code: 'TSU', nameZh: '台鋼科技大學', nameEn: 'Taiwan Steel University of Science and Technology (formerly Kao Yuan)', region: 'kaohsiung' },
  { code: 'AFIT', nameZh: '空軍航空技術學院', nameEn: 'Air Force Institute of Technology', region: 'kaohsiung' },
  { code: 'KMU', nameZh: '高雄醫學大學', nameEn: 'Kaohsiung Medical University', region: 'kaohsiung' },
  { code: 'YUMHC', nameZh: '育英醫護管理專科學校', nameEn: 'Yuh-Ing Junior College of Health Care and Management', region: 'kaohsiung' },
  { code: 'NUK', nameZh: '高雄大學', nameEn: 'National University of Kaohsiung', region: 'kaohsiung' },
  { code: 'NKUST', nameZh: '高雄科技大學', nameEn: 'National Kaohsiung University of Science and Technology', region: 'kaohsiung' },
  { code: 'ROCMA', nameZh: '陸軍軍官學校', nameEn: 'R.O.C. Military Academy', region: 'kaohsiung' },
  { code: 'NKUHT', nameZh: '高雄餐旅大學', nameEn: 'National Kaohsiung University of Hospitality and Tourism', region: 'kaohsiung' },
  { code: 'ROCNA', nameZh: '海軍軍官學校', nameEn: 'R.O.C. Naval Academy', region: 'kaohsiung' },
  { code: 'ISU', nameZh: '義守大學', nameEn: 'I-Shou University', region: 'kaohsiung' },
  { code: 'ROCAFA', nameZh: '空軍軍官學校', nameEn: 'R.O.C. Air Force Academy', region: 'kaohsiung' },
  { code: 'TAJEN', nameZh: '大仁科技大學', nameEn: 'Tajen University', region: 'pingtung' },
  { code: 'MEIHO', nameZh: '美和科技大學', nameEn: 'Meiho University', region: 'pingtung' },
  { code: 'NPUST', nameZh: '屏東科技大學', nameEn: 'National Pingtung University of Science and Technology', region: 'pingtung' },
  { code: 'NPTU', nameZh: '屏東大學', nameEn: 'National Pingtung University', region: 'pingtung' },
  { code: 'TZUHUI', nameZh: '慈惠醫護管理專科學校', nameEn: 'Tzu Hui Institute of Technology', region: 'pingtung' },
  { code: 'NTTU', nameZh: '臺東大學', nameEn: 'National Taitung University', region: 'taitung' },
  { code: 'NTC', nameZh: '臺東專校', nameEn: 'National Taitung Junior College', region: 'taitung' },
];

/** ISIL-style identifier (ISO 15511): country prefix, hyphen, local code. */
export function isilFor(code: string): string {
  return `TW-${code}`;
}

export const LIBRARY_CODE_PATTERN = '^[A-Z][A-Z0-9]{1,15}$';
