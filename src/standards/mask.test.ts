import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { alsoValidAsRic, companyNumberArb } from '../../test/support/personal-numbers.js';
import { maskAddress, maskIdentifiersInText, maskName, maskPhone, maskRic, maskUscc } from './mask.js';
import { computeRicCheck } from './ric.js';
import { validateUscc } from './uscc.js';

const visible = (masked: string): number => [...masked].filter((char) => char !== '*').length;

describe('mask: names', () => {
  it('keeps the surname only', () => {
    assert.equal(maskName('张三'), '张*');
    assert.equal(maskName('张三丰'), '张**');
    assert.equal(maskName('欧阳娜娜'), '欧阳**');
    assert.equal(maskName('欧阳娜'), '欧阳*');
    assert.equal(maskName('欧阳'), '欧*'); // 2 characters: surname 欧 + given name 阳
    assert.equal(maskName('司马光'), '司马*');
    assert.equal(maskName('诸葛亮'), '诸葛*');
    assert.equal(maskName('阿卜杜·热合曼'), '阿**·***');
    assert.equal(maskName('John Smith'), 'J*** *****');
    assert.equal(maskName('贾雨（香港居民）'), '贾*******');
    assert.equal(maskName(' 王五 '), '王*');
    assert.equal(maskName('王'), '*');
    assert.equal(maskName(''), '');
    assert.equal(maskName('   '), '');
  });
});

describe('mask: identity numbers and codes', () => {
  it('RIC: one fixed form, first and last character only (18 or 15 wide)', () => {
    assert.equal(maskRic('610102199001011234'), '6****************4');
    assert.equal(maskRic('44011320141005001x'), '4****************X');
    assert.equal(maskRic('610102900101123'), '6*************3');
    assert.equal(maskRic('610102********1234'), '6****************4', 'an older mask is narrowed');
    assert.equal(maskRic(maskRic('610102199001011234')), '6****************4', 'idempotent');
    assert.equal(maskRic('12345'), '*****');
    assert.equal(maskRic(''), '');
  });

  it('USCC: first 6 + 6 * + last 6, as in published extracts', () => {
    assert.equal(maskUscc('91330200561262545u'), '913302******62545U');
    assert.equal(maskUscc('913302******531452'), '913302******531452');
    assert.equal(maskUscc('MA2EL626-6'), '**********');
  });
});

describe('mask: phones', () => {
  it('mobiles keep 3 + 4', () => {
    assert.equal(maskPhone('13812345678'), '138****5678');
    assert.equal(maskPhone('138 1234 5678'), '138 **** 5678');
    assert.equal(maskPhone('+86 138 1234 5678'), '+86 138 **** 5678');
    assert.equal(maskPhone('008613812345678'), '0086138****5678');
    assert.equal(maskPhone('１３８１２３４５６７８'), '138****5678');
  });

  it('landlines keep the area code and the last 4 of a full subscriber number', () => {
    assert.equal(maskPhone('029-88886666'), '029-****6666');
    assert.equal(maskPhone('02988886666'), '029****6666');
    assert.equal(maskPhone('010-6666888'), '010-***6888');
    assert.equal(maskPhone('0917-3211234'), '0917-***1234');
    assert.equal(
      maskPhone('(029) 8888 6666'),
      '(029) **** ****',
      'split subscriber groups: only a full group shows digits',
    );
    assert.equal(maskPhone('029-88886666-123'), '029-****6666-***');
    assert.equal(maskPhone('029-88886666转123'), '029-****6666转***');
    assert.equal(maskPhone('88886666'), '****6666');
    assert.equal(maskPhone('029-1234'), '029-****');
  });

  it('short or odd values are masked completely', () => {
    assert.equal(maskPhone('12345'), '*****');
    assert.equal(maskPhone('110'), '***');
    assert.equal(maskPhone('一三八一二三四五六七八'), '***********');
    assert.equal(maskPhone(''), '');
  });
});

describe('mask: identifiers in free text', () => {
  it('masks id numbers (18 and 15 digits) and mobiles inside text, and nothing else', () => {
    const ric = `61011319850315123${computeRicCheck('61011319850315123')}`;
    const r = maskIdentifiersInText(
      `当事人${ric}，旧证610113850315123，电话+86 13912345678，文号甬环罚〔2024〕1号`,
    );
    assert.equal(r.masked, true);
    assert.equal(
      r.text,
      `当事人6****************${ric.slice(17)}，旧证6*************3，电话+86 139****5678，文号甬环罚〔2024〕1号`,
    );
    assert.deepEqual(maskIdentifiersInText('统一社会信用代码911101087226001234，账号6222021234567890123'), {
      text: '统一社会信用代码911101087226001234，账号6222021234567890123',
      masked: false,
    });
  });
  it('finds numbers typed in full-width digits, keeping the rest of the text as typed', () => {
    const ric = `33020619850312102${computeRicCheck('33020619850312102')}`;
    const wide = [...ric].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
    assert.deepEqual(maskIdentifiersInText(`法人证件号 ${wide} 出示（２０２６年）`), {
      text: `法人证件号 3****************${ric.slice(17)} 出示（２０２６年）`,
      masked: true,
    });
    assert.deepEqual(maskIdentifiersInText('电话：１３９１２３４５６７８'), {
      text: '电话：139****5678',
      masked: true,
    });
  });
  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string(), (t) => {
        const once = maskIdentifiersInText(t).text;
        return maskIdentifiersInText(once).text === once;
      }),
    );
  });
});

describe('mask: addresses', () => {
  it('keeps up to the street, masks house numbers and below', () => {
    assert.equal(
      maskAddress('北仑区新碶街道中河路161号银泰城一层740-7号商铺'),
      `北仑区新碶街道中河路${'*'.repeat(17)}`,
    );
    assert.equal(
      maskAddress('陕西省西安市雁塔区小寨东路126号百富大厦3楼'),
      `陕西省西安市雁塔区小寨东路${'*'.repeat(10)}`,
    );
    assert.equal(maskAddress('陕西省西安市雁塔区某某小区5号楼'), `陕西省西安市雁塔区${'*'.repeat(7)}`);
    assert.equal(maskAddress('某某县某某镇某某村3组15号'), `某某县某某镇某某村${'*'.repeat(5)}`);
    assert.equal(maskAddress('雁塔区小寨东路永辉超市'), `雁塔区小寨东路${'*'.repeat(4)}`);
    assert.equal(
      maskAddress('XX路12号YY路商厦3楼'),
      `XX路${'*'.repeat(10)}`,
      'never keeps text after a number',
    );
    assert.equal(maskAddress('某某大厦3楼'), '******');
    assert.equal(maskAddress(''), '');
  });
});

const samples = {
  name: fc.oneof(
    fc.string({ unit: fc.constantFrom(...'张王李欧阳司马娜三丰·* '), maxLength: 8 }),
    fc.constantFrom('张三', '欧阳娜娜', '司马光', '阿卜杜·热合曼', '*'),
  ),
  ric: fc.oneof(
    fc.stringMatching(/^\d{17}[\dX]$/),
    fc.stringMatching(/^\d{15}$/),
    fc.string({ maxLength: 20 }),
  ),
  phone: fc.oneof(
    fc.stringMatching(/^1\d{10}$/),
    fc.stringMatching(/^0\d{2,3}-\d{7,8}(-\d{1,4})?$/),
    fc.stringMatching(/^(\+86 |0086)?[\d* ()-]{0,16}$/),
  ),
  address: fc.oneof(
    fc.constantFrom(
      '陕西省西安市雁塔区小寨东路126号',
      '某某县某某镇某某村3组15号',
      '浙江省宁波市北仑区梅山街道梅山七星路81号1幢D81室',
    ),
    fc.string({ unit: fc.constantFrom(...'省市区县路街号楼室村组小超0123456789*某 '), maxLength: 30 }),
  ),
};

describe('mask: properties', () => {
  it('idempotent', () => {
    fc.assert(fc.property(samples.name, (value) => maskName(maskName(value)) === maskName(value)));
    fc.assert(fc.property(samples.ric, (value) => maskRic(maskRic(value)) === maskRic(value)));
    fc.assert(fc.property(samples.ric, (value) => maskUscc(maskUscc(value)) === maskUscc(value)));
    fc.assert(fc.property(samples.phone, (value) => maskPhone(maskPhone(value)) === maskPhone(value)));
    fc.assert(
      fc.property(samples.address, (value) => maskAddress(maskAddress(value)) === maskAddress(value)),
    );
  });

  it('idempotent on arbitrary Unicode (full-width digits, combining marks, astral characters)', () => {
    const arbitrary = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 25 }),
      fc.string({ unit: fc.constantFrom(...'０１２３４５６７８９＊－（）　 xX⑩'), maxLength: 20 }),
    );
    for (const mask of [maskName, maskRic, maskUscc, maskPhone, maskAddress]) {
      fc.assert(
        fc.property(arbitrary, (value) => mask(mask(value)) === mask(value)),
        { numRuns: 2000 },
      );
    }
  });

  it('never reveals more than the rule', () => {
    fc.assert(fc.property(samples.name, (value) => visible(maskName(value).replace(/[\s·]/g, '')) <= 2));
    fc.assert(fc.property(samples.ric, (value) => visible(maskRic(value)) <= 10));
    fc.assert(
      fc.property(samples.phone, (value) => {
        const slots = [...value.normalize('NFKC').trim()].filter(
          (char) => !/[\s\-+()（）/.,，转]/u.test(char),
        ).length;
        const shown = maskPhone(value).replace(/[^0-9]/g, '').length;
        return slots < 7 ? shown === 0 : shown <= slots - 3; // at least 3 digits hidden, all when short
      }),
    );
    fc.assert(
      fc.property(samples.address, (value) => maskAddress(maskAddress(value)) === maskAddress(value)),
    );
  });

  it('idempotent on arbitrary Unicode (full-width digits, combining marks, astral characters)', () => {
    const arbitrary = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 25 }),
      fc.string({ unit: fc.constantFrom(...'０１２３４５６７８９＊－（）　 xX⑩'), maxLength: 20 }),
    );
    for (const mask of [maskName, maskRic, maskUscc, maskPhone, maskAddress]) {
      fc.assert(
        fc.property(arbitrary, (value) => mask(mask(value)) === mask(value)),
        { numRuns: 2000 },
      );
    }
  });

  it('never reveals more than the rule', () => {
    fc.assert(fc.property(samples.name, (value) => visible(maskName(value).replace(/[\s·]/g, '')) <= 2));
    fc.assert(fc.property(samples.ric, (value) => visible(maskRic(value)) <= 10));
    fc.assert(
      fc.property(samples.phone, (value) => {
        const digits = maskPhone(value).replace(/[^0-9]/g, '');
        return digits.length <= 9; // at most country code 2 + 3 + 4 (mobile) or area code 4 + 4 (landline)
      }),
    );
    fc.assert(
      fc.property(samples.address, (value) => {
        const masked = maskAddress(value);
        return !/[0-9]/.test(masked) && value.trim().startsWith(masked.replace(/\*+$/, ''));
      }),
    );
  });
});

describe('mask: public company numbers stay in clear', () => {
  it('leaves an all-digit credit code with a date-like middle in clear, and masks one valid as an id too', () => {
    assert.equal(validateUscc('911101192907300435').status, 'valid');
    assert.equal(maskIdentifiersInText('代码911101192907300435。').text, '代码911101192907300435。');
    const both = `91110119290730043${computeRicCheck('91110119290730043')}`;
    assert.equal(maskIdentifiersInText(both).text, maskRic(both));
    // a legacy 15-digit number with no province in its first two digits is no id
    assert.equal(maskIdentifiersInText('注册号990104600123452').masked, false);
  });
  it('leaves valid credit codes and registration numbers of every region unchanged, unless valid as an id', () => {
    fc.assert(
      fc.property(companyNumberArb, (code) => {
        const text = `统一社会信用代码/注册号：${code}，见 /subjects/${code}`;
        const out = maskIdentifiersInText(text).text;
        return alsoValidAsRic(code) ? !out.includes(code) : out === text;
      }),
      { seed: 20261208, numRuns: 20_000 },
    );
  });
});
