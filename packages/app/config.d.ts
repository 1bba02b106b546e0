export interface Config {
  app?: {
    signIn?: {
      /**
       * The sign-in providers offered on the sign-in page, in order.
       * `guest` for local development, `github` with the GitHub auth provider.
       * @visibility frontend
       */
      providers?: Array<'guest' | 'github'>;
    };
  };
}
