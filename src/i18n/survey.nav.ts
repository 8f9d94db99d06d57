/**
 * The `surveyNav` namespace: the two survey texts the first screen needs (the main menu), bundled with
 * the app. The rest of the `survey` namespace loads with the survey screens (survey.texts.ts).
 * English is typed against Chinese: a missing key fails the type check.
 */
export const surveyNavZhCN = {
  nav: '入户调查',
  menu: '主菜单',
};
export const surveyNavEn: typeof surveyNavZhCN = {
  nav: 'Surveys',
  menu: 'Main menu',
};
