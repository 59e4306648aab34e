import { PrismaClient } from '@prisma/client';
import { Redis } from 'ioredis';
import pg from 'pg';

export const prisma = new PrismaClient();

export const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: 10,
});

export const redis = new Redis(process.env.REDIS_URL ?? 'redis://localhost:6379');
