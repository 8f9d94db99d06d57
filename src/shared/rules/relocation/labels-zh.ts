import type { HOUSEHOLD_TYPES } from '../../schema/displaced-household';
import type { PaymentForm, ReliefItemKind } from '../../schema/relief';

/** Chinese names as the county's statistics forms print them: the server's exports, and the relief screens' zh-CN bundle. */
export const HOUSEHOLD_TYPE_ZH: Record<(typeof HOUSEHOLD_TYPES)[number], string> = {
  dibao: '低保户',
  tekun: '特困户',
  'low-income': '低收入户',
  ordinary: '一般户',
  other: '其他',
};

export const PAYMENT_ZH: Record<PaymentForm, string> = { cash: '现金', card: '一卡通', 'in-kind': '实物' };

export const ITEM_ZH: Record<ReliefItemKind, string> = {
  emergency: '应急救助资金',
  transitional: '过渡期生活救助资金',
  'winter-spring': '冬春生活救助资金',
  condolence: '遇难人员家属抚慰金',
  tent: '帐篷',
  quilt: '棉被',
  clothing: '衣物',
  grain: '粮食',
  'cooking-oil': '食用油',
  water: '饮用水',
  heating: '取暖物资',
  other: '其他物资',
};
