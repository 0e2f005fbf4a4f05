import {
  HOUSEHOLD_CODE_PATTERN,
  HOUSEHOLD_IMPORT_EXAMPLE,
  isImportExampleRow,
  maskAddress,
  maskHouseholdFor,
  maskPhone,
  normalizeHouseholdTag,
  quotaStatus,
  seesPersonalData,
} from './household';

describe('personal data', () => {
  it('masks phone numbers', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('0790-1234567')).toBe('079****4567');
    expect(maskPhone('12345')).toBe('***45');
    expect(maskPhone(null)).toBeNull();
  });

  it('cuts an address to its first 6 characters and ***', () => {
    expect(maskAddress('宣风镇李湾村3组12号')).toBe('宣风镇李湾村***');
    expect(maskAddress('1组1号')).toBe('1组1号***');
    expect(maskAddress('𠀋𠀋𠀋𠀋𠀋𠀋𠀋')).toBe('𠀋𠀋𠀋𠀋𠀋𠀋***');
    expect(maskAddress(null)).toBeNull();
  });

  it('masks phone, address and tags together for whoever does not see the household', () => {
    const record = { code: 'LW-1', phone: '13812345678', address: '宣风镇李湾村3组12号', tags: ['disabled'] };
    const facts = { branchId: 'a', contactMemberIds: ['m1'] };
    expect(maskHouseholdFor({ id: 'm1', role: 'member', branchId: 'a' }, facts, record)).toEqual(record);
    expect(maskHouseholdFor({ id: 'm2', role: 'member', branchId: 'a' }, facts, record)).toEqual({
      code: 'LW-1',
      phone: '138****5678',
      address: '宣风镇李湾村***',
      tags: [],
    });
  });

  it('shows personal data to managers and contacts only', () => {
    const h = { branchId: 'a', contactMemberIds: ['m1'] };
    expect(seesPersonalData({ id: 'm1', role: 'member', branchId: 'a' }, h)).toBe(true);
    expect(seesPersonalData({ id: 'm2', role: 'member', branchId: 'a' }, h)).toBe(false);
    expect(seesPersonalData({ id: 's', role: 'secretary', branchId: 'a' }, h)).toBe(true);
    expect(seesPersonalData({ id: 's', role: 'secretary', branchId: 'b' }, h)).toBe(false);
    expect(seesPersonalData({ id: 't', role: 'staff', branchId: null }, h)).toBe(true);
  });
});

describe('core quota', () => {
  it('is under below the quota, at it exactly, over above it', () => {
    expect(quotaStatus(0, 10)).toBe('under');
    expect(quotaStatus(9, 10)).toBe('under');
    expect(quotaStatus(10, 10)).toBe('at');
    expect(quotaStatus(11, 10)).toBe('over');
  });
});

describe('import tag names', () => {
  it('maps the Chinese names and the codes in any case to the tag codes', () => {
    expect(normalizeHouseholdTag(' 独居老人 ')).toBe('elderly_alone');
    expect(normalizeHouseholdTag('低保户')).toBe('low_income');
    expect(normalizeHouseholdTag('Veteran')).toBe('veteran');
    expect(normalizeHouseholdTag('富户')).toBe('富户');
  });
});

describe('the import template example row', () => {
  it('is told from real rows: a 示例 code, or the old template example (LW-001 with its name, phone and address)', () => {
    expect(isImportExampleRow({ ...HOUSEHOLD_IMPORT_EXAMPLE })).toBe(true);
    expect(isImportExampleRow({ code: ' 示例-7 ', headName: '张三', address: '1组' })).toBe(true);
    expect(
      isImportExampleRow({
        code: 'LW-001',
        headName: '王建国',
        phone: '138 1234 5678',
        address: '李湾村3组12号',
      }),
    ).toBe(true);
    // the real LW-001 of a village is imported as usual
    expect(
      isImportExampleRow({
        code: 'LW-001',
        headName: '李四',
        phone: '13812345678',
        address: '李湾村3组12号',
      }),
    ).toBe(false);
    expect(isImportExampleRow({ code: 'LW-001', headName: '王建国', address: '李湾村3组12号' })).toBe(false);
    // the example's code is one the code rule refuses: it can never be stored
    expect(HOUSEHOLD_CODE_PATTERN.test(HOUSEHOLD_IMPORT_EXAMPLE.code)).toBe(false);
  });
});
