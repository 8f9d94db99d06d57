/** The eligibility pre-assessment (eligibility.md): one import for the app and the server. */
export { assessHousehold } from './assess-household';
export { explainAssessment, explainReason, namesOf, type ExplainedAssessment, type ExplainOptions, type Explanation } from './explain';
export * from './assessment-schema';
export * from './household-schema';
