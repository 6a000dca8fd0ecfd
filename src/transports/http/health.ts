import { UpstreamError } from '../../atlassian/errors.js';
import { hasServerCredentials } from '../../config/index.js';
import { createClients } from '../../clients.js';

import type { Config, Product } from '../../config/index.js';
import type { Logger } from '../../log.js';
import type { Clients } from '../../clients.js';

/** How long a who-am-I answer counts as recent. */
const FRESH_MS = 30_000;
const CHECK_TIMEOUT_MS = 5_000;

export interface ProductReadiness {
  ok: boolean;
  /** ISO time of the who-am-I call this is based on. */
  checked?: string;
  status?: number;
  /** Why it is not ready; built from the upstream status and variable names, never a credential. */
  error?: string;
  /** Team mode without server credentials: nothing to check, callers authenticate themselves. */
  credentials?: 'caller';
}

export interface Readiness {
  ready: boolean;
  products: Partial<Record<Product, ProductReadiness>>;
}

/**
 * /readyz: whether each configured product answered its who-am-I call recently, with the server's
 * own credentials. Answers are reused for FRESH_MS, and concurrent probes share one check, so a
 * busy probe cannot hammer Jira or Confluence.
 */
export class ReadinessProbe {
  readonly #config: Config;
  readonly #clients: Clients;
  readonly #results = new Map<Product, { at: number; result: ProductReadiness }>();
  readonly #pending = new Map<Product, Promise<ProductReadiness>>();

  constructor(config: Config, log: Logger) {
    this.#config = config;
    this.#clients = createClients(config, log, true);
  }

  async check(): Promise<Readiness> {
    const products: Readiness['products'] = {};
    await Promise.all((['jira', 'confluence'] as const).filter((name) => this.#config[name]).map(async (name) => {
      products[name] = await this.#product(name);
    }));
    return { ready: Object.values(products).every((product) => product.ok), products };
  }

  #product(name: Product): Promise<ProductReadiness> {
    const product = this.#config[name]!;
    if (!hasServerCredentials(product)) return Promise.resolve({ ok: true, credentials: 'caller' });
    const cached = this.#results.get(name);
    if (cached && Date.now() - cached.at < FRESH_MS) return Promise.resolve(cached.result);
    let pending = this.#pending.get(name);
    if (!pending) {
      pending = this.#whoAmI(name).finally(() => this.#pending.delete(name));
      this.#pending.set(name, pending);
    }
    return pending;
  }

  async #whoAmI(name: Product): Promise<ProductReadiness> {
    const signal = AbortSignal.timeout(CHECK_TIMEOUT_MS);
    const checked = new Date().toISOString();
    let result: ProductReadiness;
    try {
      if (name === 'jira') await this.#clients.jira!.myself(signal);
      else await this.#clients.confluence!.currentUser(signal);
      result = { ok: true, checked, status: 200 };
    } catch (error) {
      result = error instanceof UpstreamError
        ? { ok: false, checked, status: error.status, error: error.message }
        : { ok: false, checked, error: signal.aborted ? `no answer within ${CHECK_TIMEOUT_MS} ms` : 'the check failed; see the server log' };
    }
    this.#results.set(name, { at: Date.now(), result });
    return result;
  }
}
