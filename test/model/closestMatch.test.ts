import { describe, expect, it } from 'vitest';
import { closestMatch, closestMatches } from '../../src/model/closestMatch.js';
import { stableJson } from '../../src/cli/output.js';

describe('closestMatches ("did you mean")', () => {
  it('suggests close names, best first, ties in code-unit order', () => {
    expect(closestMatches('framwork', ['framework', 'priority', 'frameworks'])).toEqual(['framework', 'frameworks']);
    expect(closestMatches('XGBoostTrainin', ['XGBoostTraining', 'PyTorchTraining', 'XGBoostModel'])).toEqual(['XGBoostTraining']);
    expect(closestMatch('alcie', ['alice', 'bob', 'carol'])).toBe('alice');
  });

  it('suggests nothing unrelated, and never a name that shares no character position', () => {
    expect(closestMatches('c', ['a', 'b'])).toEqual([]);
    expect(closestMatches('zzzzzz', ['alice', 'bob'])).toEqual([]);
  });
});

describe('stableJson', () => {
  it('sorts keys at every level and keeps a `__proto__` key as data', () => {
    const value = JSON.parse('{"b": {"z": 1, "a": 2}, "__proto__": {"polluted": true}, "a": [ {"y": 1, "x": 2} ]}') as unknown;
    expect(stableJson(value)).toBe('{\n  "__proto__": {\n    "polluted": true\n  },\n  "a": [\n    {\n      "x": 2,\n      "y": 1\n    }\n  ],\n  "b": {\n    "a": 2,\n    "z": 1\n  }\n}\n');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
