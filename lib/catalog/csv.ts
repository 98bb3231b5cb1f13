/**
 * A small CSV reader following RFC 4180: comma-separated fields; records end with CRLF (LF and a lone CR are
 * accepted too); a field wrapped in double quotes may contain commas, line breaks and doubled quotes (`""` → `"`);
 * the last record may or may not end with a line break. A UTF-8 byte-order mark is ignored.
 *
 * Deviations, all on the lenient side and none changing how valid input reads: blank lines are skipped; spaces
 * before an opening quote and after a closing quote are dropped. Malformed records (a stray quote inside an
 * unquoted field, text after a closing quote, a quote never closed) are reported with their line and left out of
 * `records`; parsing continues with the next record. Never throws.
 */

export interface CsvRecord {
  /** 1-based position among the records of the file (blank lines not counted). */
  index: number;
  /** 1-based line on which the record starts. */
  line: number;
  fields: string[];
}

export interface CsvError {
  index: number;
  line: number;
  message: string;
}

export interface CsvParseResult {
  records: CsvRecord[];
  errors: CsvError[];
}

export function parseCsv(input: string): CsvParseResult {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  const errors: CsvError[] = [];

  let fields: string[] = [];
  let field = '';
  let quoted = false; // the current field began with a quote
  let inQuotes = false; // inside the quoted part
  let afterClose = false; // the quoted part has ended; only spaces may follow before the delimiter
  let recordLine = 1;
  let line = 1;
  let quoteLine = 1;
  let recordError: string | undefined;
  let index = 0;

  const fail = (message: string) => {
    recordError ??= message;
  };
  const endField = () => {
    fields.push(field);
    field = '';
    quoted = false;
    afterClose = false;
  };
  const endRecord = () => {
    const blank = fields.length === 0 && field === '' && !quoted && recordError === undefined;
    endField();
    if (!blank) {
      index += 1;
      if (recordError !== undefined) errors.push({ index, line: recordLine, message: recordError });
      else records.push({ index, line: recordLine, fields });
    }
    fields = [];
    recordError = undefined;
  };

  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          inQuotes = false;
          afterClose = true;
        }
      } else {
        if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
        field += c;
      }
      continue;
    }
    if (c === ',') {
      endField();
      continue;
    }
    if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
      continue;
    }
    if (afterClose) {
      if (c !== ' ' && c !== '\t') fail(`Text after a closing quote on line ${line}: a quoted field must end right after its closing quote (write a quote inside a quoted field as "").`);
      continue;
    }
    if (c === '"') {
      if (field.trim() === '') {
        field = '';
        quoted = true;
        inQuotes = true;
        quoteLine = line;
      } else {
        fail(`A double quote inside an unquoted field on line ${line}: wrap the field in double quotes and write each quote inside it as "".`);
        field += c;
      }
      continue;
    }
    field += c;
  }
  if (inQuotes) fail(`The quoted field that starts on line ${quoteLine} is never closed: add the missing closing double quote.`);
  // The last record, unless the text ended with a line break (nothing pending).
  if (fields.length > 0 || field !== '' || quoted || recordError !== undefined) endRecord();
  return { records, errors };
}
