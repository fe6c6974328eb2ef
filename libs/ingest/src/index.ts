export * from './text-document';
export * from './folder-import';
export * from './import-folder';
export * from './push-articles';
export * from './bulk-import';
