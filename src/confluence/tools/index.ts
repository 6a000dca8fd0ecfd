import { confluenceGetPage } from './pages.js';
import { confluenceSearch } from './search.js';

export const confluenceTools = [confluenceSearch, confluenceGetPage] as const;
