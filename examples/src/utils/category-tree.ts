export interface Category {
  id: string;
  name: string;
  children: Category[];
}

/** Every category below `root`, breadth first, for the admin navigation. */
export function flattenCategories(root: Category): Category[] {
  const result: Category[] = [];
  const queue: Category[] = [root];
  while (queue.length > 0) {
    const category = queue.shift()!;
    result.push(category);
    queue.push(...category.children);
  }
  return result;
}

/** Breadcrumb from the root to the category with `id`, or an empty array. */
export function breadcrumb(root: Category, id: string, path: string[] = []): string[] {
  const here = [...path, root.name];
  if (root.id === id) return here;
  for (const child of root.children) {
    const found = breadcrumb(child, id, here);
    if (found.length > 0) return found;
  }
  return [];
}
