import fc from 'fast-check';
import { DomainError } from '../shared/domain-error';
import {
  assertMunicipalityCode,
  describeMunicipalityCodeProblem,
  isMunicipalityCode,
  isPrefectureCode,
  municipalityCheckDigit,
  prefectureOf,
} from './municipality-code';

const AOMORI = {
  青森県: '020001',
  青森市: '022012',
  平内町: '023019',
  今別町: '023035',
  蓬田村: '023043',
  外ヶ浜町: '023078',
};

describe('全国地方公共団体コード', () => {
  it.each(Object.entries(AOMORI))('%s %s validates', (_name, code) => {
    expect(isMunicipalityCode(code)).toBe(true);
    expect(assertMunicipalityCode(code)).toBe(code);
  });

  it.each(Object.entries(AOMORI))('%s with any other check digit is rejected', (_name, code) => {
    for (let digit = 0; digit <= 9; digit++) {
      const candidate = code.slice(0, 5) + String(digit);
      if (candidate === code) continue;
      expect(isMunicipalityCode(candidate)).toBe(false);
    }
  });

  it('computes the check digit with weights 6,5,4,3,2, r = sum mod 11, (11 − r) mod 10', () => {
    expect(municipalityCheckDigit('02201')).toBe(2); // 0+10+8+0+2 = 20, r = 9, 11−9 = 2
    expect(municipalityCheckDigit('02000')).toBe(1); // 10, r = 10 → 1
    expect(municipalityCheckDigit('13101')).toBe(6); // 千代田区 131016: 6+15+4+0+2 = 27, r = 5 → 6
  });

  it('rejects what is not six digits or not a prefecture 01–47', () => {
    for (const bad of ['02201', '0220122', '02201a', '', ' 022012', '000000', '480001', 22012]) {
      expect(isMunicipalityCode(bad)).toBe(false);
    }
  });

  it('assert throws InvalidMunicipalityCode (invalid) naming the right check digit', () => {
    try {
      assertMunicipalityCode('022013', 'partner.code');
      throw new Error('did not throw');
    } catch (error: unknown) {
      expect(error).toBeInstanceOf(DomainError);
      const e = error as DomainError;
      expect(e.code).toBe('InvalidMunicipalityCode');
      expect(e.kind).toBe('invalid');
      expect(e.field).toBe('partner.code');
      expect(e.message).toContain('022012');
    }
    expect(describeMunicipalityCodeProblem('12345')).toContain('6桁');
  });

  it('exactly one of the ten check digits is valid for any five digits (prefecture 01–47)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 47 }), fc.integer({ min: 0, max: 999 }), (pref, body) => {
        const five = String(pref).padStart(2, '0') + String(body).padStart(3, '0');
        const valid = [...'0123456789'].filter((d) => isMunicipalityCode(five + d));
        expect(valid).toEqual([String(municipalityCheckDigit(five))]);
      }),
    );
  });

  it('knows prefectures by their 000 municipality part', () => {
    expect(isPrefectureCode('020001')).toBe(true);
    expect(isPrefectureCode('022012')).toBe(false);
    expect(prefectureOf('023019')).toBe('02');
  });
});
