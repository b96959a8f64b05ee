import assert from 'node:assert/strict';
import { AVATAR_COLORS, colorFor, contrastRatio, initialsColor } from './user-profile';

describe('avatar colours', () => {
  it('give white initials at least 4.5:1 for every palette colour', () => {
    for (const color of AVATAR_COLORS) {
      assert.ok(contrastRatio(color, '#ffffff') >= 4.5, `${color}: ${contrastRatio(color, '#ffffff').toFixed(2)}:1`);
      assert.equal(initialsColor(color), '#ffffff');
    }
  });

  it('pick dark initials on a lighter colour a profile stored earlier', () => {
    for (const stored of ['#0891b2', '#ca8a04', '#ea580c', '#ffffff']) {
      const text = initialsColor(stored);
      assert.notEqual(text, '#ffffff', stored);
      assert.ok(contrastRatio(stored, text) >= 4.5, `${stored} on ${text}`);
    }
  });

  it('measures contrast as WCAG does and treats a non-colour as no contrast', () => {
    assert.equal(contrastRatio('#000000', '#ffffff').toFixed(1), '21.0');
    assert.equal(contrastRatio('#777777', '#777777'), 1);
    assert.equal(contrastRatio('red', '#ffffff'), 1);
    assert.ok(AVATAR_COLORS.includes(colorFor('ida') as (typeof AVATAR_COLORS)[number]));
  });
});
