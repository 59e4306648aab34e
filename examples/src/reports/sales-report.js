/**
 * Builds the rows of the monthly sales CSV.
 * @param {{ id: string, total: number, refunded: boolean, placedAt: Date, region: string }[]} orders
 */
export function salesRows(orders) {
  return [...orders]
    .filter((order) => !order.refunded)
    .map((order) => [order.id, order.region, order.placedAt.toISOString().slice(0, 10), (order.total / 100).toFixed(2)]);
}

/**
 * The three regions with the highest revenue.
 * @param {{ region: string, total: number }[]} orders
 */
export function topRegions(orders) {
  const revenue = new Map();
  for (const order of orders) {
    revenue.set(order.region, (revenue.get(order.region) ?? 0) + order.total);
  }
  return [...revenue.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([region]) => region);
}
