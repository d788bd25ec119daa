import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { GB2260_RECORDS } from './gb2260-data.js';
import {
  findRegionsByName,
  isRegionCode,
  listRegions,
  lookupRegion,
  REPORTING_REGIONS,
  reportingRegionsFor,
} from './regions.js';

const vectors = path.resolve(import.meta.dirname, '../../test/vectors');

describe('regions: snapshot', () => {
  it('contains every Shaanxi code of shaanxi_divisions.txt with its name, level and parent', () => {
    const lines = fs
      .readFileSync(path.join(vectors, 'shaanxi_divisions.txt'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('#'));
    assert.equal(lines.length, 1 + 10 + 107);
    for (const line of lines) {
      const [code = '', name = '', level = '', parent = ''] = line.split('|');
      const region = lookupRegion(code, '2023-06-30');
      assert.ok(region, code);
      assert.equal(region.name, name, code);
      assert.equal(region.level, level, code);
      assert.equal(region.parent ?? '', parent, code);
    }
    const current = listRegions().filter((region) => region.code.startsWith('61'));
    assert.equal(current.length, lines.length, 'no extra current Shaanxi codes');
  });

  it('has all 31 provinces (plus 台湾省, 香港, 澳门) and the national county-level list without NBS xx7x codes', () => {
    const provinces = listRegions({ level: 'province' });
    assert.equal(provinces.length, 34);
    for (const code of ['110000', '500000', '610000', '650000', '710000', '810000', '820000']) {
      assert.ok(
        provinces.some((region) => region.code === code),
        code,
      );
    }
    assert.equal(listRegions({ level: 'city' }).length, 333);
    // 2978 NBS county rows − 124 development zones − 3 prefecture-level cities listed again as counties.
    assert.equal(listRegions({ level: 'county' }).length, 2851);
    assert.equal(
      lookupRegion('130171'),
      undefined,
      'NBS development-zone code (5th digit 7) is not GB/T 2260',
    );
    assert.equal(
      listRegions().filter((region) => region.level === 'county' && region.code.charAt(4) === '7').length,
      0,
    );
    assert.equal(lookupRegion('110100'), undefined, 'NBS placeholder 市辖区 is not shipped');
  });

  it('is committed compactly (well under 250 KB)', () => {
    assert.ok(Buffer.byteLength(GB2260_RECORDS, 'utf8') < 100_000);
  });
});

describe('regions: lookup', () => {
  it('returns code, name, level, parent, validity and full name', () => {
    assert.deepEqual(lookupRegion('610113'), {
      code: '610113',
      name: '雁塔区',
      level: 'county',
      parent: '610100',
      validFrom: undefined,
      validTo: undefined,
      fullName: '陕西省西安市雁塔区',
    });
    assert.equal(lookupRegion('610000')?.fullName, '陕西省');
    assert.equal(lookupRegion('610100')?.parent, '610000');
    assert.equal(lookupRegion('110108')?.fullName, '北京市海淀区');
    assert.equal(lookupRegion('110108')?.parent, '110000');
    assert.equal(lookupRegion('419001')?.fullName, '河南省济源市');
    assert.equal(lookupRegion('441900')?.level, 'city');
    for (const bad of ['', '61011', '6101133', 'abcdef', '100000', '990000'])
      assert.equal(lookupRegion(bad), undefined);
    assert.throws(() => lookupRegion('610113', '2023-02-30'), RangeError);
  });

  it('keeps Shaanxi history: renamed and abolished codes with validFrom/validTo (year-granular)', () => {
    const changes: [string, string, string, string, number][] = [
      ['610322', '凤翔县', '610305', '凤翔区', 2021],
      ['610928', '旬阳县', '610981', '旬阳市', 2021],
      ['610623', '子长县', '610681', '子长市', 2019],
      ['610427', '彬县', '610482', '彬州市', 2018],
      ['610821', '神木县', '610881', '神木市', 2017],
      ['610721', '南郑县', '610703', '南郑区', 2017],
      ['610125', '户县', '610118', '鄠邑区', 2016],
      ['610624', '安塞县', '610603', '安塞区', 2016],
      ['610521', '华县', '610503', '华州区', 2015],
      ['610823', '横山县', '610803', '横山区', 2015],
    ];
    for (const [oldCode, oldName, newCode, newName, year] of changes) {
      const old = lookupRegion(oldCode);
      assert.equal(old?.name, oldName);
      assert.equal(old?.validTo, `${year}-12-31`);
      assert.equal(lookupRegion(oldCode, `${year - 1}-06-30`)?.name, oldName);
      assert.equal(lookupRegion(oldCode, `${year + 1}-01-01`), undefined);
      assert.equal(lookupRegion(newCode)?.validFrom, `${year}-01-01`);
      assert.equal(lookupRegion(newCode, `${year}-06-30`)?.name, newName);
      assert.equal(lookupRegion(newCode, `${year - 1}-12-31`), undefined);
      assert.equal(isRegionCode(oldCode), true);
      assert.equal(isRegionCode(oldCode, '2024-01-01'), false);
    }
    assert.equal(lookupRegion('610322')?.fullName, '陕西省宝鸡市凤翔县');
    assert.match(lookupRegion('610126')?.note ?? '', /UNCONFIRMED/);
  });

  it('finds regions by name, full name or prefix', () => {
    assert.deepEqual(
      findRegionsByName('雁塔区').map((region) => region.code),
      ['610113'],
    );
    assert.deepEqual(
      findRegionsByName('陕西省西安市雁塔区').map((region) => region.code),
      ['610113'],
    );
    assert.deepEqual(
      findRegionsByName('凤翔').map((region) => region.code),
      ['610305', '610322'],
    );
    assert.deepEqual(
      findRegionsByName('凤翔', { onDate: '2020-01-01' }).map((region) => region.code),
      ['610322'],
    );
    assert.ok(findRegionsByName('朝阳区').length >= 2, 'several provinces have a 朝阳区');
    assert.deepEqual(findRegionsByName('  '), []);
  });

  it('lists the counties of a city', () => {
    const xian = listRegions({ parent: '610100' });
    assert.equal(xian.length, 13);
    assert.ok(xian.every((region) => region.fullName.startsWith('陕西省西安市')));
  });
});

describe('regions: reporting regions', () => {
  it('models 杨凌示范区 and 西咸新区 beside GB/T 2260, marked UNCONFIRMED', () => {
    assert.deepEqual(
      REPORTING_REGIONS.map((region) => region.name),
      ['杨凌示范区', '西咸新区'],
    );
    for (const region of REPORTING_REGIONS) {
      assert.match(region.note, /UNCONFIRMED/);
      for (const code of region.regionCodes) assert.ok(isRegionCode(code), code);
    }
    assert.deepEqual(
      reportingRegionsFor('610403').map((region) => region.id),
      ['yangling'],
    );
    assert.deepEqual(reportingRegionsFor('610113'), []);
  });
});
