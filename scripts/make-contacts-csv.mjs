// Generates examples/data/contacts.csv: 200 Indian donor contacts with messy phone
// formats, a few duplicates and a few bad rows. Deterministic (seeded PRNG): running it
// again writes the same file.  Usage: node scripts/make-contacts-csv.mjs [rows] [out]
// (the import benchmark calls makeContactsCsv(10_000) directly).
import { writeFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ["Aarav", "Aditi", "Amit", "Ananya", "Arjun", "Asha", "Deepak", "Divya", "Gaurav", "Geeta", "Harish", "Ishaan", "Kavita", "Kiran", "Lakshmi", "Mahesh", "Meena", "Mohammed", "Neha", "Nikhil", "Pooja", "Pradeep", "Priya", "Rahul", "Rajesh", "Ramesh", "Ritu", "Rohan", "Sanjay", "Sarita", "Shreya", "Suresh", "Sunita", "Tanvi", "Usha", "Varun", "Vikram", "Yash", "Zoya", "Farhan"];
const LAST = ["Agarwal", "Bhat", "Chatterjee", "Das", "Desai", "Gupta", "Iyer", "Jain", "Joshi", "Kapoor", "Khan", "Kulkarni", "Menon", "Mishra", "Nair", "Patel", "Pillai", "Rao", "Reddy", "Saxena", "Shah", "Sharma", "Singh", "Srinivasan", "Verma"];
const TITLES = ["", "", "", "", "Dr. ", "Shri ", "Smt. "];
const TAGS = ["donor", "warm", "cold", "vip", "renewal", "sponsor", "intro_needed"];
const BANDS = ["", "5k-25k", "25k-1L", "1L+"];
const DOMAINS = ["gmail.com", "yahoo.co.in", "outlook.com", "rediffmail.com", "example.org"];

/** Formats a 10-digit Indian mobile the many ways people type it. */
function messy(digits, r) {
  const a = digits.slice(0, 5);
  const b = digits.slice(5);
  const forms = [`${digits}`, `${a} ${b}`, `0${digits}`, `+91 ${a} ${b}`, `+91-${digits}`, `91${digits}`, `0091 ${a} ${b}`, `(+91) ${a}-${b}`, `+91.${a}.${b}`, `${a}-${b}`];
  return forms[Math.floor(r() * forms.length)];
}

const csvCell = (v) => (/[",\n;]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** CSV text of `rows` donor rows (seeded), about 4 % duplicates and 3 % bad rows. */
export function makeContactsCsv(rows = 200, seed = 2026) {
  const r = mulberry32(seed);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const lines = ["Full Name,Mobile,E-mail,Tags,relationship_strength,capacity_band,City,notes"];
  const made = [];
  const usedPhones = new Set();
  for (let i = 0; i < rows; i++) {
    const roll = r();
    if (made.length > 5 && roll < 0.04) {
      // a duplicate: the same person again, phone typed another way, maybe another tag
      const d = pick(made);
      lines.push([d.name, messy(d.digits, r), d.email.toUpperCase(), pick(TAGS), "", "", d.city, "duplicate entry"].map(csvCell).join(","));
      continue;
    }
    if (roll > 0.97) {
      // bad rows: no name, a short number, a broken email
      const bad = [
        ["", messy(`9${String(Math.floor(r() * 1e9)).padStart(9, "0")}`, r), "", "donor", "", "", "Pune", "name missing"],
        [`${pick(FIRST)} ${pick(LAST)}`, "98765", "", "", "", "", "Delhi", "number too short"],
        [`${pick(FIRST)} ${pick(LAST)}`, "", "not-an-email@", "", "", "", "Chennai", "bad email"],
        [`${pick(FIRST)} ${pick(LAST)}`, messy(`7${String(Math.floor(r() * 1e9)).padStart(9, "0")}`, r), "", "", "7", "", "Mumbai", "strength out of range"],
      ];
      lines.push(pick(bad).map(csvCell).join(","));
      continue;
    }
    let digits;
    do digits = `${pick(["9", "8", "7", "6"])}${String(Math.floor(r() * 1e9)).padStart(9, "0")}`;
    while (usedPhones.has(digits));
    usedPhones.add(digits);
    const first = pick(FIRST);
    const last = pick(LAST);
    const name = `${pick(TITLES)}${first} ${last}`;
    const email = r() < 0.6 ? `${first}.${last}${Math.floor(r() * 100)}@${pick(DOMAINS)}`.toLowerCase() : "";
    const second = r() < 0.1 ? `;${messy(`9${String(Math.floor(r() * 1e9)).padStart(9, "0")}`, r)}` : "";
    const tags = [...new Set([pick(TAGS), r() < 0.4 ? pick(TAGS) : ""].filter(Boolean))].join(";");
    const city = pick(["Mumbai", "Delhi", "Bengaluru", "Chennai", "Kolkata", "Hyderabad", "Pune", "Ahmedabad", "Jaipur", "Kochi"]);
    const d = { name, digits, email, city };
    made.push(d);
    lines.push([name, messy(digits, r) + second, email, tags, String(1 + Math.floor(r() * 5)), pick(BANDS), city, r() < 0.2 ? "met at annual gala" : ""].map(csvCell).join(","));
  }
  return lines.join("\n") + "\n";
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = Number(process.argv[2] ?? 200);
  const out = process.argv[3] ?? fileURLToPath(new URL("../examples/data/contacts.csv", import.meta.url));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, makeContactsCsv(rows));
  console.log(`wrote ${rows} rows to ${out}`);
}
