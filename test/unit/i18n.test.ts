import { describe, expect, it } from 'vitest';
import { i18n } from '#i18n';

describe('i18n', () => {
  it('serves the English messages', () => {
    expect(i18n.t('extName')).toBe('Stenobird Companion');
  });
});
