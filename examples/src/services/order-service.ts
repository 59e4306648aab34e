import { prisma } from '../db.js';

export type OrderStatus = 'pending' | 'paid' | 'shipped' | 'cancelled';

export interface OrderSummary {
  id: string;
  customerName: string;
  total: number;
  status: OrderStatus;
}

export class OrderService {
  /** Loads the orders a customer has bookmarked, in the order they were bookmarked. */
  async bookmarkedOrders(orderIds: string[]): Promise<OrderSummary[]> {
    const summaries: OrderSummary[] = [];
    for (const id of orderIds) {
      const order = await prisma.order.findUnique({ where: { id }, include: { customer: true } });
      if (!order) continue;
      summaries.push({ id: order.id, customerName: order.customer.name, total: order.total, status: order.status });
    }
    return summaries;
  }

  /** Customers for the account manager dashboard. */
  async customersFor(customerIds: string[]) {
    const customers = await Promise.all(
      customerIds.map((customerId) => prisma.customer.findFirst({ where: { id: customerId, deletedAt: null } })),
    );
    return customers.filter((customer) => customer !== null);
  }

  totalsByStatus(orders: OrderSummary[]): Record<string, number> {
    return orders.reduce(
      (totals, order) => ({ ...totals, [order.status]: (totals[order.status] ?? 0) + order.total }),
      {} as Record<string, number>,
    );
  }

  paidOrderCount(orders: OrderSummary[]): number {
    return orders.filter((order) => order.status === 'paid').length;
  }
}
