/** TLS Web Server Authentication; Intel requires it on a provisioning certificate. */
export const OID_SERVER_AUTH = '1.3.6.1.5.5.7.3.1';

/** Intel AMT setup (activation) certificate: what AMT looks for in Extended Key Usage. */
export const OID_AMT_SETUP = '2.16.840.1.113741.1.2.3';

/** Intel AMT console: a remote management client certificate for mutual TLS, not for setup. */
export const OID_AMT_CONSOLE = '2.16.840.1.113741.1.2.1';

/** Intel AMT local agent certificate; listed so it can be named when seen. */
export const OID_AMT_AGENT = '2.16.840.1.113741.1.2.2';

/** The subject OU that identifies a provisioning certificate; exact and case-sensitive. */
export const AMT_SETUP_OU = 'Intel(R) Client Setup Certificate';

/** For UIs and CLI help: why Outband puts …1.2.3 in the certificate, and what …1.2.1 is. */
export const AMT_OID_EXPLANATION =
  'Intel AMT accepts a provisioning (setup) certificate when it carries the Intel AMT setup OID ' +
  `${OID_AMT_SETUP} in Extended Key Usage, together with TLS server authentication ` +
  `(${OID_SERVER_AUTH}), or the subject OU "${AMT_SETUP_OU}". Outband puts both in. ` +
  `The ZENworks reference names ${OID_AMT_CONSOLE}; that OID marks an Intel AMT console ` +
  '(remote management client) certificate used for mutual TLS, and on its own does not make a ' +
  'certificate acceptable for activation. Outband adds it only when you ask, next to the setup OID.';
