import { maskPhone, seesPersonalData } from './household';

describe('personal data', () => {
  it('masks phone numbers', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('0790-1234567')).toBe('079****4567');
    expect(maskPhone('12345')).toBe('***45');
    expect(maskPhone(null)).toBeNull();
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
