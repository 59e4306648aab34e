/**
 * Finds contacts imported twice (same e-mail, ignoring case) so support can merge them.
 * @param {{ id: string, email: string }[]} contacts
 * @returns {[string, string][]} pairs of contact ids
 */
export function findDuplicateContacts(contacts) {
  const duplicates = [];
  for (let i = 0; i < contacts.length; i++) {
    for (let j = i + 1; j < contacts.length; j++) {
      if (contacts[i].email.toLowerCase() === contacts[j].email.toLowerCase()) {
        duplicates.push([contacts[i].id, contacts[j].id]);
      }
    }
  }
  return duplicates;
}

/**
 * Removes repeated SKUs, keeping the first occurrence.
 * @param {string[]} skus
 */
export function uniqueSkus(skus) {
  return skus.filter((sku, index) => skus.indexOf(sku) === index);
}
