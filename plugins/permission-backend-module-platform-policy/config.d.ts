export interface Config {
  /** Configuration of this portal's own platform behaviour. */
  platform?: {
    /** Permission policy settings. */
    permissions?: {
      /**
       * Group entity refs, such as `group:default/platform-team`, whose members
       * may delete any catalog entity and unregister locations. Owners may
       * always delete their own entities. When unset, nobody is an admin.
       */
      adminGroups?: string[];
    };
  };
}
