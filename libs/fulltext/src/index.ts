export { searchVector, searchVectorBinary } from './search-vector';
export { searchQuery, InvalidSearchError, MAX_QUERY_WORDS } from './search-query';
export { words, folded } from './tokens';
