// Import examples/data/contacts.csv (200 donors, messy phone formats, a few duplicates
// and bad rows), print the report, then import it again: the second run creates nothing.
// Run: npm run build && node examples/import.ts
import { connect } from "./connect.ts";

const file = new URL("./data/contacts.csv", import.meta.url);
const { scope, where, close } = await connect();
console.log(`connected to ${where}`);
try {
  await scope.seed();
  let lastTenth = -1;
  const first = await scope.importContacts(file, {
    tags: ["gala-2026"],
    onProgress: (p) => {
      const tenth = Math.floor((p.processed / (p.total ?? 1)) * 10);
      if (tenth !== lastTenth) console.log(`  ${p.processed}/${p.total} rows`);
      lastTenth = tenth;
    },
  });
  console.log(`first run: ${first.created} created, ${first.updated} updated, ${first.skipped} skipped, ${first.failed} failed`);
  for (const issue of first.issues) console.log(`  line ${issue.line}: ${issue.field}: ${issue.rule}: ${issue.message}`);
  console.log(`ignored columns: ${first.ignoredColumns.join(", ")}`);

  const again = await scope.importContacts(file, { tags: ["gala-2026"] });
  console.log(`second run: ${again.created} created, ${again.unchanged} unchanged`);
  if (again.created !== 0 || first.failed !== 0) process.exitCode = 1;

  const owner = await scope.contactIdentities.findByValue("phone", "+91 86611 57449");
  if (owner !== undefined) {
    const contact = await scope.contacts.get(owner.contact_id);
    console.log(`${contact.display_name}: tags ${(await scope.contactTags.forContact(contact.id)).join(", ")}`);
  }
} finally {
  await close();
}
