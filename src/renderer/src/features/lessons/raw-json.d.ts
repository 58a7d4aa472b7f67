// Vite's ?raw import: a lesson pack's file as text, bundled at build time and checked like any opened file.
declare module '*.socketlab.json?raw' {
  const text: string;
  export default text;
}
