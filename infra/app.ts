#!/usr/bin/env node
import { buildApp } from './build.js';

// `npx cdk synth -c stage=prod -c domain=example.gov.vn`: see docs/DEPLOY.md.
buildApp().app.synth();
