// Moved to cards/visitor-loans.ts and cards/verify-context.ts; kept until its importers outside the domain are pointed there.
export { activeLoansOfCard, visitorCardOf, type VisitorCard } from './cards/visitor-loans';
export { cardPublicKeys, cardRevocations, cardVerifyContext } from './cards/verify-context';
