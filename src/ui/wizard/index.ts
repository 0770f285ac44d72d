export { Wizard, type WizardProps, type WizardResult } from './wizard.js';
export { runWizard } from './run.js';
