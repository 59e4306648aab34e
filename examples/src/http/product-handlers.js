import express from 'express';
import { pool } from '../db.js';

export const router = express.Router();

// GET /products?ids=a,b,c — the products a customer picked, in catalogue order.
router.get('/products', async (req, res) => {
  const selectedIds = String(req.query.ids ?? '').split(',').filter(Boolean);
  const { rows: catalogue } = await pool.query('SELECT id, name, price_cents FROM products WHERE active');
  const picked = catalogue.filter((product) => selectedIds.includes(product.id));
  res.json(picked);
});

// POST /products/prices — bulk price update from the back office.
router.post('/products/prices', async (req, res) => {
  const updates = req.body.updates ?? [];
  for (const update of updates) {
    await pool.query('UPDATE products SET price_cents = $1 WHERE id = $2', [update.priceCents, update.id]);
  }
  res.status(204).end();
});

// GET /products/tags — every tag in use, for the filter sidebar.
router.get('/products/tags', async (_req, res) => {
  const { rows } = await pool.query('SELECT tags FROM products WHERE active');
  const tags = rows.reduce((all, row) => [...all, ...row.tags], []);
  res.json([...new Set(tags)].sort());
});
