/**
 * A strict reader for the small part of YAML the kit's compose.yaml uses (no YAML library is a
 * dependency): block mappings, block sequences of scalars, plain / "double" / 'single' quoted
 * scalars, comments. Anything else (flow collections, anchors, block scalars, tabs, several
 * documents) is an error, so compose.yaml stays in this plain subset and this reader stays right.
 */
export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

interface Line {
  indent: number;
  text: string;
  number: number;
}

export function parseYamlSubset(source: string): YamlValue {
  const lines: Line[] = [];
  source.split(/\r?\n/).forEach((raw, i) => {
    if (/^\s*(#.*)?$/.test(raw)) return;
    if (raw.includes('\t')) throw new Error(`line ${i + 1}: a tab (YAML indents with spaces)`);
    const indent = raw.length - raw.trimStart().length;
    lines.push({ indent, text: stripComment(raw.trim(), i + 1), number: i + 1 });
  });
  let at = 0;
  const block = (indent: number): YamlValue => {
    const first = lines[at];
    if (first.text.startsWith('- ') || first.text === '-') {
      const list: YamlValue[] = [];
      while (at < lines.length && lines[at].indent === indent && lines[at].text.startsWith('-')) {
        const item = lines[at].text.slice(1).trim();
        if (!item || /^[^"']*:\s|:$/.test(item)) throw new Error(`line ${lines[at].number}: only scalars are supported in a list`);
        list.push(scalar(item, lines[at].number));
        at += 1;
      }
      return list;
    }
    const map: { [key: string]: YamlValue } = {};
    while (at < lines.length && lines[at].indent === indent) {
      const { text, number } = lines[at];
      const match = /^([A-Za-z0-9_.-]+):(?:\s+(.*))?$/.exec(text);
      if (!match) throw new Error(`line ${number}: expected "key: value", found "${text}"`);
      if (match[1] in map) throw new Error(`line ${number}: "${match[1]}" twice`);
      at += 1;
      if (match[2] !== undefined && match[2] !== '') map[match[1]] = scalar(match[2], number);
      else if (at < lines.length && lines[at].indent > indent) map[match[1]] = block(lines[at].indent);
      else if (at < lines.length && lines[at].indent === indent && lines[at].text.startsWith('-')) map[match[1]] = block(indent);
      else map[match[1]] = null;
    }
    if (at < lines.length && lines[at].indent > indent) throw new Error(`line ${lines[at].number}: unexpected indentation`);
    return map;
  };
  if (lines.length === 0) return null;
  const value = block(lines[0].indent);
  if (at < lines.length) throw new Error(`line ${lines[at].number}: unexpected indentation`);
  return value;
}

function stripComment(text: string, number: number): string {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') i += 1;
      else if (c === quote) quote = null;
    } else if ((c === '"' || c === "'") && (i === 0 || /[\s:-]/.test(text[i - 1]))) quote = c;
    else if (c === '#' && (i === 0 || text[i - 1] === ' ')) return text.slice(0, i).trimEnd();
  }
  if (quote) throw new Error(`line ${number}: an unclosed quote`);
  return text;
}

function scalar(text: string, number: number): YamlValue {
  if (/^[[{&*!|>%@`]/.test(text) || text === '---') throw new Error(`line ${number}: "${text}" is outside the supported YAML subset`);
  if (text.startsWith('"')) {
    if (!text.endsWith('"') || text.length < 2) throw new Error(`line ${number}: a double-quoted value must end on its line`);
    return JSON.parse(text) as string;
  }
  if (text.startsWith("'")) {
    if (!text.endsWith("'") || text.length < 2) throw new Error(`line ${number}: a single-quoted value must end on its line`);
    return text.slice(1, -1).replace(/''/g, "'");
  }
  if (/^(true|false)$/.test(text)) return text === 'true';
  if (/^(null|~)$/.test(text)) return null;
  if (/^-?\d+$/.test(text)) return Number(text);
  return text;
}
