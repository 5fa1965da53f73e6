-- one database per service, as ./northstar up creates them
CREATE DATABASE northstar_ingest;
CREATE DATABASE northstar_calculator;
CREATE DATABASE northstar_knowledge;
CREATE DATABASE northstar_reporting;
