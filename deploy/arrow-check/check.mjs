// Reads TNAS Arrow event shards (Arrow IPC files) with the JavaScript Arrow implementation and
// prints one JSON object: per file and in total, the row count and the sums of the columns
// x, y, t, p. Sums are decimal strings (exact 64-bit integer arithmetic with BigInt).
//
// usage: node check.mjs <shard.arrow> [<shard.arrow> ...]
// exit status: 0 on success, 2 on bad usage, 1 when a file cannot be read or has the wrong schema.
import { readFileSync } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';

const EXPECTED = { x: 'Int16', y: 'Int16', t: 'Int64', p: 'Int8' };

function sumColumn(table, name) {
  const column = table.getChild(name);
  if (column === null) {
    throw new Error(`Invalid shard: column ${name} is missing`);
  }
  if (column.nullCount !== 0) {
    throw new Error(`Invalid shard: column ${name} has ${column.nullCount} nulls`);
  }
  let sum = 0n;
  for (const data of column.data) {
    const values = data.values;
    const end = data.offset + data.length;
    if (values instanceof BigInt64Array) {
      for (let i = data.offset; i < end; i++) {
        sum += values[i];
      }
    } else {
      // int8/int16 chunks: sum in a double first (exact below 2^53), then move to BigInt
      let partial = 0;
      for (let i = data.offset; i < end; i++) {
        partial += values[i];
      }
      sum += BigInt(partial);
    }
  }
  return sum;
}

function checkFile(path) {
  const table = tableFromIPC(readFileSync(path));
  for (const [name, type] of Object.entries(EXPECTED)) {
    const field = table.schema.fields.find((f) => f.name === name);
    if (!field) {
      throw new Error(`Invalid shard ${path}: column ${name} is missing`);
    }
    const actual = `${field.type}`;
    if (actual !== type) {
      throw new Error(`Invalid shard ${path}: column ${name} has type ${actual}, expected ${type}`);
    }
  }
  const sums = {};
  for (const name of Object.keys(EXPECTED)) {
    sums[name] = sumColumn(table, name);
  }
  return {
    file: path,
    rows: table.numRows,
    batches: table.batches.length,
    schemaVersion: table.schema.metadata.get('tnas.schema.version') ?? null,
    sums,
  };
}

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('usage: node check.mjs <shard.arrow> [<shard.arrow> ...]\n');
  process.exit(2);
}
try {
  const results = files.map(checkFile);
  const total = { x: 0n, y: 0n, t: 0n, p: 0n };
  let rows = 0;
  for (const result of results) {
    rows += result.rows;
    for (const name of Object.keys(total)) {
      total[name] += result.sums[name];
    }
  }
  const text = (value) => (typeof value === 'bigint' ? value.toString() : value);
  process.stdout.write(
    JSON.stringify({ rows, sums: total, files: results }, (key, value) => text(value)) + '\n',
  );
} catch (error) {
  process.stderr.write(`Cannot check shards: ${error.message}\n`);
  process.exit(1);
}
