// `npm run matrix`: writes the role × channel × event matrix (from the contract) into README.md.
import fs from 'node:fs';
import path from 'node:path';
import { withMatrix } from '../main/server/security-matrix';

const file = path.resolve(import.meta.dirname, '..', 'README.md');
const before = fs.readFileSync(file, 'utf8');
const after = withMatrix(before);
if (after !== before) fs.writeFileSync(file, after);
console.log(after === before ? 'README security matrix already up to date' : 'README security matrix updated');
