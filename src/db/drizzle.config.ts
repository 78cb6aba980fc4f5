import { defineConfig } from 'drizzle-kit';

// Paths are relative to the project root, where drizzle-kit is run from.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './src/db/migrations',
});
