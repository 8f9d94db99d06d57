import type { Rng } from './prng';

/** Common surnames, weighted roughly as in the population (王, 李, 张, 刘, 陈 lead). */
const SURNAMES = [
  '王', '王', '王', '李', '李', '李', '张', '张', '张', '刘', '刘', '陈', '陈', '杨', '赵', '黄', '周', '吴',
  '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗', '梁', '宋', '郑', '谢', '韩', '唐', '冯', '于',
  '董', '萧', '程', '曹', '袁', '邓', '许', '傅', '沈', '曾', '彭', '吕', '苏', '卢', '蒋', '蔡', '贾', '丁',
  '魏', '薛', '叶', '阎', '余', '潘', '杜', '戴', '夏', '钟', '汪', '田', '任', '姜', '范', '方', '石', '姚',
  '欧阳', '司马',
] as const;

const GIVEN_MALE = ['伟', '强', '磊', '军', '勇', '杰', '涛', '明', '超', '刚', '平', '辉', '建国', '建华', '国强', '志强', '文博', '浩然', '子轩', '宇航', '德福', '长生', '永刚', '海峰'] as const;
const GIVEN_FEMALE = ['芳', '娜', '敏', '静', '丽', '艳', '娟', '霞', '秀英', '桂英', '秀兰', '玉兰', '桂兰', '淑珍', '婷婷', '欣怡', '梓涵', '雨萱', '春梅', '海燕', '红梅', '晓燕', '丽华', '美玲'] as const;

export const VILLAGES = ['东风村', '红旗村', '新民村', '胜利村', '河口村', '柳树湾', '杨家岭', '石桥村', '大王庄', '李家沟', '青山村', '临江村'] as const;
export const GROUPS = ['一组', '二组', '三组', '四组', '五组', '六组'] as const;

export function chineseName(rng: Rng, sex: 'male' | 'female', surname?: string): string {
  return (surname ?? rng.pick(SURNAMES)) + rng.pick(sex === 'male' ? GIVEN_MALE : GIVEN_FEMALE);
}

export function surnameOf(rng: Rng): string {
  return rng.pick(SURNAMES);
}

/** A few phrases a worker writes in the notes field, to reach a realistic record size. */
const NOTE_PHRASES = [
  '房屋后墙开裂，暂不能居住。', '老人行动不便，需要轮椅。', '已登记口粮需求，待发放。', '联系亲属投靠，暂住三周。',
  '儿童需继续上学，已联系学校。', '家中牲畜损失，已拍照留存。', '需要常用药（降压药），已报卫生院。',
  '村委会核实情况属实。', '安置点床位已落实。', '户主外出务工，由配偶代为登记。', '水电中断，等待抢修。',
  '耕地被淹约三亩。',
] as const;

export function notes(rng: Rng, count: number): string {
  return Array.from({ length: count }, () => rng.pick(NOTE_PHRASES)).join('');
}
