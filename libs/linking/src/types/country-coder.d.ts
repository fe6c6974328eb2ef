// The package's types are not reachable through its "exports" map under node16
// resolution: the part the default-KB builder reads.
declare module '@ideditor/country-coder' {
  interface RegionFeatureProperties {
    id: string;
    iso1A2?: string;
    wikidata?: string;
    nameEn?: string;
    aliases?: string[];
    country?: string;
    level?: string;
  }
  export const borders: { features: { properties: RegionFeatureProperties }[] };
}
