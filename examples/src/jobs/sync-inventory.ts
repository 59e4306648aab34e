import { pool, redis } from '../db.js';

interface StockLevel {
  sku: string;
  warehouse: string;
  quantity: number;
}

/** Nightly job: copies the warehouse stock levels cached in Redis into Postgres. */
export async function syncInventory(skus: string[]): Promise<number> {
  const cached = await Promise.all(skus.map((sku) => redis.get(`stock:${sku}`)));
  const levels: StockLevel[] = cached
    .filter((value): value is string => value !== null)
    .map((value) => JSON.parse(value) as StockLevel);

  let written = 0;
  for (const level of levels) {
    const result = await pool.query(
      'UPDATE stock SET quantity = $1 WHERE sku = $2 AND warehouse = $3',
      [level.quantity, level.sku, level.warehouse],
    );
    written += result.rowCount ?? 0;
  }
  return written;
}

/** Warehouses that report at least one SKU out of stock. */
export function warehousesWithShortages(levels: StockLevel[]): string[] {
  const warehouses = levels.map((level) => level.warehouse);
  const short = new Set(levels.filter((level) => level.quantity === 0).map((level) => level.warehouse));
  return warehouses.filter((warehouse, index) => short.has(warehouse) && warehouses.indexOf(warehouse) === index);
}
