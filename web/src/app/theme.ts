import type { ThemeConfig } from 'antd';

/** Government-portal blue, system CJK fonts (no web fonts: nothing to download, CSP 'self'). */
export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#0f4c97',
    colorLink: '#0f4c97',
    colorError: '#c8251e',
    colorSuccess: '#2f8f3a',
    borderRadius: 6,
    fontSize: 15,
    fontFamily:
      '-apple-system, BlinkMacSystemFont, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  },
  components: {
    Layout: { headerBg: '#0f4c97', siderBg: '#0b2f5e', bodyBg: '#f3f5f8' },
    Menu: { darkItemBg: '#0b2f5e', darkSubMenuItemBg: '#08264c' },
  },
};
