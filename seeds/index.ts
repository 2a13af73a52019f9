// What src/ uses of seeds/ (bootstrap.ts writes the reference and demo data, cli/seed.ts runs the generator): the one
// module of seeds/ that src/ may import. seeds/ import src/ only through src/seeding.ts, so the dependency runs one
// way (test/unit/architecture.test.ts checks both).
export { seedDemoData } from './demo.seed';
export { generateProjects } from './generator';
export { seedReferenceData } from './reference.seed';
