export async function loadDemo(_db: unknown): Promise<void> {}
