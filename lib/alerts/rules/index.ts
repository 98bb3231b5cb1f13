import type { AlertRule } from '../types.ts';
import { alwaysAllow } from './always-allow.ts';
import { budgetThreshold } from './budget.ts';
import { deleteScope } from './delete-scope.ts';
import { modelRetiring } from './model-retiring.ts';
import { newServerOrPlugin } from './new-server-or-plugin.ts';
import { pluginScan } from './plugin-scan.ts';
import { serverWithoutPolicies } from './server-without-policies.ts';

/** Every alert rule, in the order Options lists them. */
export const ALERT_RULES: readonly AlertRule[] = [newServerOrPlugin, alwaysAllow, serverWithoutPolicies, pluginScan, modelRetiring, budgetThreshold, deleteScope];
