// Vite resolves CSS imports into the bundle; TypeScript only needs to know they exist.
declare module '*.css';
