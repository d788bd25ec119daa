import fs from 'node:fs';
import { createRequire } from 'node:module';
import { create, type Font, type Glyph } from 'fontkit';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { SIGNATURE_PLACEHOLDER } from './pdf-signature.js';
import type { ReportContent, ReportFact, ReportRecord, ReportSection } from './report.types.js';
import { VIEW_LABEL } from './report.types.js';

const require = createRequire(import.meta.url);

/**
 * Noto Sans SC (SIL OFL 1.1) from the npm package @expo-google-fonts/noto-sans-sc, which ships complete TTFs; pdfkit
 * embeds only the glyphs used (fontkit subsetting), so a report carries tens of kilobytes of font, not 10 MB.
 * Parsed once per process (fonts are immutable package files) and shared by every document.
 */
const FONT_FILES = {
  regular: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
} as const;
/** A font for pdfkit plus a fast width of a single line (points per 1 pt of font size). */
interface ReportFont {
  readonly font: Font;
  readonly width: (text: string) => number;
}
let fonts: { R: ReportFont; B: ReportFont } | undefined;

function openFont(file: string): ReportFont {
  const font = create(fs.readFileSync(require.resolve(file)));
  if (!('glyphForCodePoint' in font)) throw new Error(`${file} is a font collection`);
  return simpleLayout(font);
}

function loadFonts(): { R: ReportFont; B: ReportFont } {
  fonts ??= { R: openFont(FONT_FILES.regular), B: openFont(FONT_FILES.bold) };
  return fonts;
}

/**
 * The font with a layout that maps each code point to its glyph and advance, without OpenType shaping (GSUB/GPOS).
 * Chinese, digits and Latin report text need no shaping (no kerning or ligatures worth having in a report), and
 * fontkit's shaper dominated rendering time. Glyphs are cached per code point for the life of the process.
 * pdfkit scales the positions it gets in place, so every call returns fresh position objects.
 */
function simpleLayout(font: Font): ReportFont {
  const glyphs = new Map<number, Glyph>();
  const glyphOf = (cp: number): Glyph => {
    let g = glyphs.get(cp);
    if (g === undefined) {
      g = font.glyphForCodePoint(cp);
      glyphs.set(cp, g);
    }
    return g;
  };
  const width = (text: string): number => {
    let units = 0;
    for (const ch of text) units += glyphOf(ch.codePointAt(0) ?? 0).advanceWidth;
    return units / font.unitsPerEm;
  };
  const layout = (text: string, features?: unknown) => {
    if (features !== undefined && !(Array.isArray(features) && features.length === 0))
      return font.layout(text, features as string[]);
    const run: Glyph[] = [];
    const positions: { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number }[] = [];
    for (const ch of text) {
      const g = glyphOf(ch.codePointAt(0) ?? 0);
      run.push(g);
      positions.push({ xAdvance: g.advanceWidth, yAdvance: 0, xOffset: 0, yOffset: 0 });
    }
    return {
      glyphs: run,
      positions,
      get advanceWidth() {
        let w = 0;
        for (const p of positions) w += p.xAdvance;
        return w;
      },
    };
  };
  const proxy = new Proxy(font, {
    get(target, prop) {
      if (prop === 'layout') return layout;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { font: proxy, width };
}

export interface PdfExtras {
  /** SM3 of the canonical content (printed and embedded). */
  readonly contentDigest: string;
  readonly verificationCode: string;
  /** Encoded in the QR code: the portal's verification page with number and code. */
  readonly verificationUrl: string;
}

const PAGE = { width: 595.28, height: 841.89 } as const;
const M: { top: number; bottom: number; left: number; right: number } = {
  top: 64,
  bottom: 58,
  left: 50,
  right: 50,
};
const WIDTH = PAGE.width - M.left - M.right;
const BOTTOM = PAGE.height - M.bottom;
const INK = '#1f1f1f';
const GREY = '#666666';
const ACCENT = '#9b1c1c';
const RULE = '#d0d0d0';
const LABEL_W = 132;
const GAP = 10;

/** Shanghai wall-clock time of an instant, `YYYY-MM-DD HH:mm:ss`. */
function shanghaiTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * Renders a report as an A4 PDF: page header with the report number, first page with the report's identity, QR
 * code and verification code, the report statements, every section with its records, the sources and the
 * publicity rules, and "第 x 页 共 y 页" on every page. The Info dictionary carries the report number, content
 * digest, key id, validity and the signature placeholder ({@link SIGNATURE_PLACEHOLDER}) that `signPdf` fills.
 * Deterministic: the same content gives the same bytes (CreationDate = issue instant, file id from the Info).
 */
export async function renderReportPdf(content: ReportContent, extras: PdfExtras): Promise<Buffer> {
  const reportFonts = loadFonts();
  const issued = new Date(content.issuedAt);
  const info: Record<string, string | Date> = {
    Title: `${content.title} ${content.reportNo}`,
    Author: content.platform.name,
    Subject: `${content.title}（${VIEW_LABEL[content.view]}）`,
    Creator: 'xinyong',
    Producer: 'xinyong report renderer (pdfkit)',
    CreationDate: issued,
    ModDate: issued,
    XinyongReportNo: content.reportNo,
    XinyongContentDigest: extras.contentDigest,
    XinyongKeyId: content.signing.keyId,
    XinyongValidUntil: content.validUntil,
    XinyongSignature: SIGNATURE_PLACEHOLDER,
  };
  const doc = new PDFDocument({
    size: 'A4',
    margins: M,
    bufferPages: true,
    compress: true,
    pdfVersion: '1.7',
    lang: 'zh-CN',
    displayTitle: true,
    info: info as PDFKit.DocumentInfo,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('R', reportFonts.R.font as unknown as PDFKit.Mixins.PDFFontSource);
  doc.registerFont('B', reportFonts.B.font as unknown as PDFKit.Mixins.PDFFontSource);
  const w = new Writer(doc, reportFonts);
  w.cover(content, extras);
  for (const s of content.sections) w.section(s);
  w.closing(content, extras);
  w.decoratePages(content, extras);
  doc.end();
  return done;
}

/** Upper bound of the lines `text` needs at `size` in `width` (every character 1 em, one spare line). */
function maxLines(text: string, size: number, width: number): number {
  const perLine = Math.max(1, Math.floor(width / size));
  let lines = 0;
  for (const para of text.split('\n')) lines += Math.max(1, Math.ceil([...para].length / perLine)) + 1;
  return lines;
}

class Writer {
  private y = M.top;
  private readonly lineHeights = new Map<string, number>();

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly fonts: { R: ReportFont; B: ReportFont },
  ) {}

  /** Whether `text` fits on one line of `width` (then pdfkit's line wrapper, the costly part, is skipped). */
  private oneLine(text: string, font: 'R' | 'B', size: number, width: number): boolean {
    return !text.includes('\n') && this.fonts[font].width(text) * size <= width - 0.5;
  }

  private lineHeight(font: 'R' | 'B', size: number): number {
    const key = `${font}${size}`;
    let h = this.lineHeights.get(key);
    if (h === undefined) {
      this.doc.font(font).fontSize(size);
      h = this.doc.currentLineHeight(true) + 1.5;
      this.lineHeights.set(key, h);
    }
    return h;
  }

  private newPage(): void {
    this.doc.addPage();
    this.y = M.top;
  }

  /** Starts a new page unless `height` fits below the current position. */
  private ensure(height: number): void {
    if (this.y + height > BOTTOM) this.newPage();
  }

  /** Height of `text` at font/size/width: an upper bound, measured exactly only near the page bottom. */
  private heightOf(text: string, font: 'R' | 'B', size: number, width: number): number {
    if (this.oneLine(text, font, size, width)) return this.lineHeight(font, size);
    const bound = maxLines(text, size, width) * this.lineHeight(font, size);
    if (this.y + bound <= BOTTOM) return bound;
    this.doc.font(font).fontSize(size);
    return this.doc.heightOfString(text, { width, lineGap: 1.5 });
  }

  private write(
    text: string,
    x: number,
    width: number,
    opts: { font?: 'R' | 'B'; size?: number; color?: string; align?: 'left' | 'center' | 'right' } = {},
  ): number {
    const font = opts.font ?? 'R';
    const size = opts.size ?? 9;
    const align = opts.align ?? 'left';
    this.doc
      .font(font)
      .fontSize(size)
      .fillColor(opts.color ?? INK);
    if (align === 'left' && this.oneLine(text, font, size, width)) {
      this.doc.text(text, x, this.y, { lineBreak: false });
      return this.y + this.lineHeight(font, size);
    }
    this.doc.text(text, x, this.y, { width, lineGap: 1.5, align });
    return this.doc.y;
  }

  /** A label/value line; breaks the page first when it would not fit (unless it is taller than a page). */
  private row(labelText: string, value: string, opts: { indent?: number; labelWidth?: number } = {}): void {
    const x = M.left + (opts.indent ?? 0);
    const lw = opts.labelWidth ?? LABEL_W;
    const vw = WIDTH - (opts.indent ?? 0) - lw - GAP;
    const h = Math.max(this.heightOf(labelText, 'R', 8.5, lw), this.heightOf(value, 'R', 9, vw));
    if (h < BOTTOM - M.top) this.ensure(h);
    const top = this.y;
    const labelBottom = this.write(labelText, x, lw, { size: 8.5, color: GREY });
    const labelPage = this.doc.bufferedPageRange().count;
    this.y = top;
    const valueBottom = this.write(value, x + lw + GAP, vw, { size: 9 });
    // a value that ran onto a new page decides where the next line starts
    this.y =
      this.doc.bufferedPageRange().count > labelPage ? valueBottom : Math.max(labelBottom, valueBottom);
    this.y += 2;
  }

  private rule(color = RULE, gap = 4): void {
    this.doc
      .moveTo(M.left, this.y + gap / 2)
      .lineTo(PAGE.width - M.right, this.y + gap / 2)
      .lineWidth(0.5)
      .strokeColor(color)
      .stroke();
    this.y += gap;
  }

  cover(c: ReportContent, extras: PdfExtras): void {
    this.y = M.top + 6;
    this.y = this.write(c.title, M.left, WIDTH, { font: 'B', size: 22, align: 'center', color: ACCENT }) + 2;
    const audience =
      c.kind === 'special'
        ? '（替代有无违法违规记录证明）'
        : c.subject.kind === 'natural_person'
          ? '（自然人）'
          : c.subject.kind === 'individual_business'
            ? '（个体工商户）'
            : '（法人和非法人组织）';
    this.y =
      this.write(`${audience} ${VIEW_LABEL[c.view]}`, M.left, WIDTH, { size: 10, align: 'center' }) + 14;

    const qrSize = 112;
    const qrX = PAGE.width - M.right - qrSize;
    const top = this.y;
    this.drawQr(extras.verificationUrl, qrX, top, qrSize);
    this.doc
      .font('R')
      .fontSize(8)
      .fillColor(GREY)
      .text('扫码核验报告真伪', qrX, top + qrSize + 2, { width: qrSize, align: 'center' });

    const facts: ReportFact[] = [
      { label: '报告编号', text: c.reportNo },
      { label: '核验码', text: extras.verificationCode },
      { label: c.subject.kind === 'natural_person' ? '姓名' : '信用主体', text: c.subject.name },
      ...(c.subject.uscc === null ? [] : [{ label: '统一社会信用代码', text: c.subject.uscc }]),
      ...(c.subject.idNumber === null ? [] : [{ label: '公民身份号码', text: c.subject.idNumber }]),
      { label: '报告版本', text: VIEW_LABEL[c.view] },
      { label: '生成时间', text: `${shanghaiTime(c.issuedAt)}（北京时间）` },
      { label: '数据截止', text: `${shanghaiTime(c.dataCutoff)}（北京时间）` },
      { label: '有效期至', text: c.validUntil },
      ...(c.kind === 'special'
        ? [
            { label: '查询期间', text: `${c.parameters.from ?? '—'} 至 ${c.parameters.to}` },
            {
              label: '查询领域',
              text:
                c.parameters.domains.length === 0
                  ? '全部领域'
                  : c.parameters.domains.map((d) => d.label).join('、'),
            },
          ]
        : []),
    ];
    const infoWidth = WIDTH - qrSize - 16;
    for (const f of facts) {
      const x = M.left;
      this.doc.font('R').fontSize(9).fillColor(GREY).text(f.label, x, this.y, { width: 84 });
      const bottom = this.write(f.text, x + 90, infoWidth - 90, {
        size: 10,
        font: f.label === '核验码' || f.label === '报告编号' ? 'B' : 'R',
      });
      this.y = bottom + 3;
    }
    this.y = Math.max(this.y, top + qrSize + 16) + 4;
    this.y =
      this.write(`内容摘要（SM3）：${extras.contentDigest}`, M.left, WIDTH, { size: 7.5, color: GREY }) + 6;
    this.rule(ACCENT, 6);
    this.y = this.write('报告说明', M.left, WIDTH, { font: 'B', size: 11 }) + 2;
    c.statements.forEach((s, i) => {
      const h = this.heightOf(`${i + 1}. ${s}`, 'R', 8.5, WIDTH);
      this.ensure(h);
      this.y = this.write(`${i + 1}. ${s}`, M.left, WIDTH, { size: 8.5, color: GREY }) + 2;
    });
    this.y += 8;
  }

  private drawQr(text: string, x: number, y: number, size: number): void {
    const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
    const n = qr.modules.size;
    const quiet = 4;
    const unit = size / (n + 2 * quiet);
    this.doc.rect(x, y, size, size).fill('#ffffff');
    for (let r = 0; r < n; r++) {
      let c = 0;
      while (c < n) {
        if (qr.modules.get(r, c) === 0) {
          c++;
          continue;
        }
        const start = c;
        while (c < n && qr.modules.get(r, c) !== 0) c++;
        // a hair of overlap so adjacent runs render without seams
        this.doc.rect(
          x + (quiet + start) * unit,
          y + (quiet + r) * unit,
          (c - start) * unit + 0.05,
          unit + 0.05,
        );
      }
    }
    this.doc.fill('#000000');
  }

  section(s: ReportSection): void {
    this.ensure(64);
    this.y += 6;
    this.doc.rect(M.left, this.y, WIDTH, 20).fill('#f3eeee');
    this.doc.rect(M.left, this.y, 3, 20).fill(ACCENT);
    this.doc
      .font('B')
      .fontSize(12)
      .fillColor(INK)
      .text(s.title, M.left + 10, this.y + 3, { width: WIDTH - 12 });
    this.y += 26;
    for (const f of s.facts) this.row(f.label, f.text);
    s.groups.forEach((g, i) => {
      this.ensure(40);
      this.y += 2;
      this.y =
        this.write(`（${NUMERALS[i] ?? i + 1}）${g.title}`, M.left, WIDTH, { font: 'B', size: 10.5 }) + 3;
      if (g.records.length === 0) {
        this.y = this.write(g.note ?? '', M.left + 12, WIDTH - 12, { size: 9, color: GREY }) + 4;
        return;
      }
      g.records.forEach((r, k) => {
        this.record(r, k);
      });
    });
    for (const p of s.paragraphs) {
      const h = this.heightOf(p, 'R', 9, WIDTH - 12);
      if (h < BOTTOM - M.top) this.ensure(h);
      this.y = this.write(p, M.left + 12, WIDTH - 12, { size: 9 }) + 3;
    }
    this.y += 4;
  }

  private record(r: ReportRecord, index: number): void {
    const head = `${index + 1}. ${r.item.name}${r.documentNumber === null ? '' : `  ${r.documentNumber}`}`;
    this.ensure(48);
    this.y = this.write(head, M.left + 6, WIDTH - 6, { font: 'B', size: 9.5 }) + 1;
    if (r.tags.length > 0)
      this.y =
        this.write(r.tags.map((t) => `［${t}］`).join(''), M.left + 6, WIDTH - 6, {
          size: 8.5,
          color: ACCENT,
        }) + 1;
    for (const f of r.fields) this.row(f.label, f.text, { indent: 6, labelWidth: LABEL_W - 6 });
    this.row('信息提供单位', r.provider.name, { indent: 6, labelWidth: LABEL_W - 6 });
    if (r.publicity.rule !== null && r.publicity.published)
      this.row(
        '公示期限',
        `${r.publicity.start ?? '—'} 至 ${r.publicity.end === null ? '长期' : `${r.publicity.end}（不含）`}`,
        { indent: 6, labelWidth: LABEL_W - 6 },
      );
    this.rule();
  }

  closing(c: ReportContent, extras: PdfExtras): void {
    this.section({
      code: 'sources',
      title: '信息来源',
      facts: c.sources.map((s) => ({ label: `${s.records} 条`, text: `${s.name}（${s.code}）` })),
      groups: [],
      paragraphs: c.sources.length === 0 ? ['本报告未列示信用记录。'] : [],
    });
    this.section({
      code: 'rules',
      title: '适用的公示规则',
      facts: c.rules.map((r) => ({
        label: r.records === 0 ? '报告生成日有效' : `${r.records} 条记录适用`,
        text: `${r.name}${r.citation === '' ? '' : `\n${r.citation}`}`,
      })),
      groups: [],
      paragraphs: [
        '公示期限按处罚决定日期所适用的规则确定；超过公示期限或已完成信用修复的信息不在公开版报告中展示。',
      ],
    });
    this.section({
      code: 'signature',
      title: '电子签名',
      facts: [
        { label: '签名算法', text: 'Ed25519（对 SM3 摘要签名）' },
        { label: '平台密钥标识', text: c.signing.keyId },
        { label: '内容摘要（SM3）', text: extras.contentDigest },
        { label: '核验地址', text: extras.verificationUrl },
      ],
      groups: [],
      paragraphs: ['（以下无正文）'],
    });
  }

  /** Header and "第 x 页 共 y 页" on every page, written once all pages exist. */
  decoratePages(c: ReportContent, extras: PdfExtras): void {
    const range = this.doc.bufferedPageRange();
    for (let i = 0; i < range.count; i++) {
      this.doc.switchToPage(range.start + i);
      // writing in the margins must not trigger pdfkit's automatic page break
      const margins = { ...this.doc.page.margins };
      this.doc.page.margins = { top: 0, bottom: 0, left: 0, right: 0 };
      this.doc
        .font('R')
        .fontSize(8)
        .fillColor(GREY)
        .text(`${c.platform.portal} · ${c.title}`, M.left, 30, { width: WIDTH / 2, lineBreak: false });
      this.doc.text(`报告编号 ${c.reportNo}`, M.left + WIDTH / 2, 30, {
        width: WIDTH / 2,
        align: 'right',
        lineBreak: false,
      });
      this.doc
        .moveTo(M.left, 44)
        .lineTo(PAGE.width - M.right, 44)
        .lineWidth(0.6)
        .strokeColor(ACCENT)
        .stroke();
      const footY = PAGE.height - 38;
      this.doc
        .moveTo(M.left, footY - 6)
        .lineTo(PAGE.width - M.right, footY - 6)
        .lineWidth(0.4)
        .strokeColor(RULE)
        .stroke();
      this.doc.text(`核验码 ${extras.verificationCode}`, M.left, footY, {
        width: WIDTH / 3,
        lineBreak: false,
      });
      this.doc.text(`第 ${i + 1} 页 共 ${range.count} 页`, M.left + WIDTH / 3, footY, {
        width: WIDTH / 3,
        align: 'center',
        lineBreak: false,
      });
      this.doc.text(`有效期至 ${c.validUntil}`, M.left + (2 * WIDTH) / 3, footY, {
        width: WIDTH / 3,
        align: 'right',
        lineBreak: false,
      });
      this.doc.page.margins = margins;
    }
  }
}

const NUMERALS = [
  '一',
  '二',
  '三',
  '四',
  '五',
  '六',
  '七',
  '八',
  '九',
  '十',
  '十一',
  '十二',
  '十三',
  '十四',
  '十五',
];
