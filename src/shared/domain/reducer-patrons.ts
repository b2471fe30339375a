// Moved to patrons/reducer.ts; kept until its importers outside the domain are pointed there.
export { patronRefusal } from './patrons/reducer';
