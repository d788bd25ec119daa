/** The portal's emblem: a shield with 信 (decorative; the site name next to it is the accessible text). */
export function SiteLogo({ size = 44 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <path d="M32 3 8 12v18c0 15 10 26 24 31 14-5 24-16 24-31V12z" fill="#fff" />
      <path d="M32 8 13 15.5V30c0 12 8 21 19 25.5C43 51 51 42 51 30V15.5z" fill="#c8251e" />
      <text
        x="32"
        y="41"
        fontSize="24"
        fontWeight="700"
        textAnchor="middle"
        fill="#fff"
        fontFamily='"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif'
      >
        信
      </text>
    </svg>
  );
}
